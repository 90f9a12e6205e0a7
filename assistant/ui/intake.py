import streamlit as st
st.title('Intake')
st.info('Coming soon.')
